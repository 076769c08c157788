"""Bắc Kạn province (Việt Nam): its districts, departments and their IT staff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cadre.demo.scenarios.builder import SRC, START, Builder
from cadre.orgs.choices import Currency, Level, OrgKind
from cadre.orgs.models import Organisation
from cadre.people import services as people
from cadre.people.choices import AssignmentKind, EducationLevel

BK_DISTRICTS = [  # name, number of communes
    ("Thành phố Bắc Kạn", 8),
    ("Ba Bể", 15),
    ("Bạch Thông", 16),
    ("Chợ Đồn", 20),
    ("Chợ Mới", 14),
    ("Na Rì", 18),
    ("Ngân Sơn", 11),
    ("Pác Nặm", 6),
]
BK_DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Cục Thống kê tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Phục vụ hành chính công",
    "Đài Phát thanh và Truyền hình",
    "Báo Bắc Kạn",
    "Trường Chính trị tỉnh",
    "Ban Tiếp công dân",
    "Quỹ Đầu tư phát triển",
    "Liên minh Hợp tác xã",
]
# The two IT units whose only officer has no IT specialty (the documents' "2 units").
BK_UNQUALIFIED = {"Ngân Sơn", "Pác Nặm"}


def _it_levels() -> Iterator[tuple[int, str]]:
    """38 qualified IT officers: 5 master's, 29 university, 4 college."""
    yield from [(EducationLevel.MASTER, "7480201")] * 5
    yield from [(EducationLevel.BACHELOR, "7480201")] * 20
    yield from [(EducationLevel.BACHELOR, "7480103")] * 9
    yield from [(EducationLevel.COLLEGE, "7480201")] * 4


def build_bac_kan(actor: Any, country: Organisation) -> Organisation:
    b = Builder(actor, "VN", seed=3)
    vnd = Currency.VND
    province = b.org("VN-BK", "Tỉnh Bắc Kạn", OrgKind.REGION, country, level=Level.REGION)
    b.org(
        "VN-BK-BCD",
        "Ban Chỉ đạo chuyển đổi số tỉnh",
        OrgKind.STEERING_COMMITTEE,
        province,
        level=Level.REGION,
    )
    pc = b.org("VN-BK-UBND", "Ủy ban nhân dân tỉnh Bắc Kạn", OrgKind.LOCAL_BODY, province)
    it_units: list[tuple[str, Organisation]] = []
    for i, name in enumerate(BK_DEPARTMENTS, start=1):
        dep = b.org(f"VN-BK-S{i:02}", name, OrgKind.LOCAL_BODY, pc)
        it_units.append(
            (
                name,
                b.org(
                    f"VN-BK-S{i:02}-IT",
                    f"Bộ phận CNTT – {name}",
                    OrgKind.UNIT,
                    dep,
                    is_it_unit=True,
                ),
            )
        )
    communes_done = 0
    teams_left = 1292
    for d, (dname, n_communes) in enumerate(BK_DISTRICTS, start=1):
        district = b.org(
            f"VN-BK-D{d}",
            f"Huyện {dname}" if d > 1 else dname,
            OrgKind.DISTRICT,
            province,
            level=Level.DISTRICT,
        )
        b.org(
            f"VN-BK-D{d}-BCD",
            f"Ban Chỉ đạo chuyển đổi số – {dname}",
            OrgKind.STEERING_COMMITTEE,
            district,
            level=Level.DISTRICT,
        )
        dpc = b.org(f"VN-BK-D{d}-UBND", f"UBND {dname}", OrgKind.LOCAL_BODY, district)
        it_units.append(
            (
                dname,
                b.org(
                    f"VN-BK-D{d}-IT",
                    f"Phòng Văn hóa – Thông tin (CNTT), {dname}",
                    OrgKind.UNIT,
                    dpc,
                    is_it_unit=True,
                ),
            )
        )
        for c in range(1, n_communes + 1):
            communes_done += 1
            code = f"VN-BK-D{d}-C{c:02}"
            commune = b.org(
                code,
                f"Xã {communes_done:03} ({dname})",
                OrgKind.COMMUNE,
                district,
                level=Level.COMMUNE,
            )
            b.org(
                f"{code}-BCD",
                "Ban Chỉ đạo chuyển đổi số xã",
                OrgKind.STEERING_COMMITTEE,
                commune,
                level=Level.COMMUNE,
            )
            cpc = b.org(f"{code}-UBND", "UBND xã", OrgKind.LOCAL_BODY, commune)
            b.org(
                f"{code}-TCN",
                "Tổ công nghệ số cộng đồng xã",
                OrgKind.COMMUNITY_TEAM,
                commune,
                level=Level.COMMUNE,
            )
            officer_post = b.post(
                cpc, f"{code}-VHXH", "Công chức Văn hóa – Xã hội", 5_000_000, 9_000_000, vnd
            )
            duty_post = b.post(
                cpc,
                f"{code}-CDS",
                "Phụ trách chuyển đổi số (kiêm nhiệm)",
                0,
                0,
                vnd,
                positions=0,
                lead=True,
            )
            officer = b.person(
                cpc, officer_post, level=EducationLevel.BACHELOR, specialty="7229042"
            )
            people.assignment_create(
                actor=actor,
                employee=officer,
                post=duty_post,
                kind=AssignmentKind.CONCURRENT,
                start_date=START,
                source=SRC,
            )
            communes_left = 108 - communes_done
            teams = min(12, teams_left - 11 * communes_left) if communes_left else teams_left
            teams_left -= teams
            for v in range(1, teams + 1):
                b.org(
                    f"{code}-V{v:02}",
                    f"Tổ công nghệ số cộng đồng thôn {v}",
                    OrgKind.COMMUNITY_TEAM,
                    commune,
                    level=Level.VILLAGE,
                )
    levels = _it_levels()
    for name, unit in it_units:
        post = b.post(
            unit, f"{unit.code}-P", "Chuyên viên công nghệ thông tin", 6_000_000, 12_000_000, vnd
        )
        if name in BK_UNQUALIFIED:
            b.person(unit, post, level=EducationLevel.BACHELOR, specialty="7380101")
        else:
            level, specialty = next(levels)
            b.person(unit, post, level=level, specialty=specialty)
    centre = b.org(
        "VN-BK-TTCNTT",
        "Trung tâm Công nghệ thông tin và Truyền thông tỉnh",
        OrgKind.SUBORDINATE,
        province,
        is_it_unit=True,
    )
    centre_post = b.post(
        centre, "VN-BK-TTCNTT-P", "Viên chức CNTT", 6_000_000, 14_000_000, vnd, positions=14
    )
    b.person(centre, centre_post, level=EducationLevel.MASTER, specialty="7480104")
    for _ in range(11):
        b.person(centre, centre_post, level=EducationLevel.BACHELOR, specialty="7480201")
    return province
