"""The talent reserve's background work (registered when the app is ready)."""
