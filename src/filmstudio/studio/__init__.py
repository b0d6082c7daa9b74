"""The studio: the multi-user service around the film engine (API, workers, storage).

`create_app` builds the web application; `build_studio` the services it and the workers
share. Everything is configured by `Settings` (``FILMSTUDIO_*`` environment variables).
"""

from filmstudio.studio.settings import Settings

__all__ = ["Settings"]
