"""The staffing app's writes (one module per family): versions and their lines, limits,
scenarios."""
