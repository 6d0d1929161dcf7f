"""The Celery application. Worker and beat run as separate processes:

celery -A portal worker
celery -A portal beat
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The core is part of the portal app, not an app of its own: named here.
app.autodiscover_tasks(["portal.core"])


# Publishing gives up after one connection attempt of at most a second
# (Redis's connect timeout; AMQP's is broker_connection_timeout), instead of
# kombu's default of retrying for the connect timeout on every publish
# retry: queueing during an outage held a request or a worker 12 s. What
# was not published waits in the task outbox (portal.core.queue). The
# worker's own reconnecting (broker_connection_retry) passes its limits
# explicitly and is not affected. Settings may override either.
PUBLISH_FAIL_FAST = {"max_retries": 0, "socket_connect_timeout": 1}


@app.on_after_configure.connect
def _publish_fail_fast(sender: Celery, **kwargs) -> None:
    sender.conf.broker_transport_options = {
        **PUBLISH_FAIL_FAST,
        **(sender.conf.broker_transport_options or {}),
    }


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender: Celery, **kwargs) -> None:
    """Creates the embedded broker's folders, which kombu expects to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
