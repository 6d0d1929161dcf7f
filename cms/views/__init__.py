"""Views of the public site that are not Wagtail pages (the guide), and
the bureau's publishing screen in the admin."""
