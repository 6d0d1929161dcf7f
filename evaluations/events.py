"""What the units app announces for the layers above it to act on: the
public site makes its pages and renders its official documents in
receivers of these signals. Each is sent inside the sender's transaction,
so what a receiver writes commits or rolls back with the change it
answers; a receiver links the page it made on the row it was sent."""

from django.dispatch import Signal

# The municipal government's approval was recorded and its candidates
# established (第十二条): approval, units, user. A receiver announces them
# (approval.notice_page) and issues their certificates.
units_established = Signal()

# An experimental zone passed acceptance and is named a protection zone
# (第十八条): acceptance, old_name, user. A receiver announces it
# (acceptance.notice_page) and issues its plaque.
zone_accepted = Signal()

# A comprehensive evaluation was concluded (第三十六条, 第三十八条):
# evaluation, user. A receiver publishes its report (evaluation.report_page)
# and renders the report's PDF, and a commendation is announced.
evaluation_concluded = Signal()

# A unit was delisted (第三十八条): unit, reason, user. A receiver announces
# it (unit.delisting_notice).
unit_delisted = Signal()
