"""Pages of the privacy app: legal holds, erasure requests and data exports (``people``),
the retention policies and the breach register (``national``)."""
