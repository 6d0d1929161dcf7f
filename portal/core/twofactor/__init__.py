"""Two-factor sign-in for staff: whoever may open the Wagtail admin confirms
a one-time code (TOTP from an authenticator app, or one of ten single-use
recovery codes) after the password. Required when STAFF_TWO_FACTOR_REQUIRED
is on (production); otherwise staff may set it up from their account, and
are then asked for the code like everyone else.

django-otp keeps the devices (a TOTPDevice and a StaticDevice of recovery
codes per user) and the session's verified device; this package adds the
staff screens, the gate in front of them and the audit entries."""
