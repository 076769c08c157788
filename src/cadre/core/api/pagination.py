from rest_framework.pagination import PageNumberPagination

from cadre.core.pagination import Paginator


class CadrePagination(PageNumberPagination):
    """Pages of a total order (``cadre.core.pagination``): whatever ``?ordering=`` asks,
    the primary key breaks ties, so no row is on two pages or none."""

    django_paginator_class = Paginator
    page_size_query_param = "page_size"
    max_page_size = 1000
