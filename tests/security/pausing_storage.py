"""A file storage that stops, once, right after it has written a notice's PDF, and tells the
test which process to kill. Only the kill-during-issue test selects it (FILE_STORAGE), in a
server process of its own: the issue service, the storage write and the database are real;
the pause only holds the process at the moment issue 15 describes: after the file write,
before the commit."""

import json
import os
import time

from django.core.files.storage import FileSystemStorage


class PauseAfterNoticePdf(FileSystemStorage):
    def _save(self, name, content):
        name = super()._save(name, content)
        signal_file = os.environ.get("PAUSE_AFTER_SAVE")
        if signal_file and name.startswith("notices/"):
            try:
                os.close(os.open(signal_file + ".taken", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return name  # paused once already: from now on a plain storage
            with open(signal_file + ".tmp", "w") as handle:
                json.dump({"pid": os.getpid(), "name": name}, handle)
            os.replace(signal_file + ".tmp", signal_file)
            time.sleep(600)  # the test kills this process here
        return name
