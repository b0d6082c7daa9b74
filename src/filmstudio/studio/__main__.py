"""``python -m filmstudio.studio serve|worker|db|admin``."""

from filmstudio.studio.commands import main

main()
