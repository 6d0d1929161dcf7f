"""What the applications app announces for the layers above it to act on:
the public site makes its pages in receivers of these signals. Each is
sent inside the sender's transaction, so what a receiver writes commits or
rolls back with the change it answers."""

from django.dispatch import Signal

# A candidate list was published for publicity (第十二条): its window is
# stored. Sent with candidate_list, user, and the notice's title, body and
# contact as the bureau typed them; a receiver publishes the notice and
# links it as candidate_list.publicity_page.
candidate_list_published = Signal()
