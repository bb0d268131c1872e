#!/usr/bin/env python
"""Django's command-line utility, for working on the example with CPython
(``python manage.py makemigrations``, ``runserver``). The browser never runs it."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
