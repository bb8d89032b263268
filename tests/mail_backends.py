"""An e-mail backend for a delivery process that a test kills: every message sent is appended
to EMAIL_RECORD_FILE (flushed to disk before the send returns), after EMAIL_SEND_DELAY seconds,
so the test sees exactly which messages left before the kill."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            time.sleep(float(os.environ.get("EMAIL_SEND_DELAY", "0")))
            with open(os.environ["EMAIL_RECORD_FILE"], "a") as record:
                record.write(",".join(message.to) + "\n")
                record.flush()
                os.fsync(record.fileno())
        return len(messages)
