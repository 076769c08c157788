"""Pages of people: the list and a person's file (``employees``), the records a file
holds (``records``), the dashboard (``dashboard``)."""
