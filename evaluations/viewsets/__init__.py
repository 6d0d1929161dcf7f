"""Staff screens of the units app in the Wagtail admin, by entity."""
