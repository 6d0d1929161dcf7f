"""Staff screens of the applications app in the Wagtail admin, by entity."""
