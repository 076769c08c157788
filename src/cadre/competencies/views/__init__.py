"""Pages of frameworks (``frameworks``) and position standards (``standards``)."""
