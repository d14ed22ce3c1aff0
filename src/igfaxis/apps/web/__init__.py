"""igfaxis.apps.web."""
