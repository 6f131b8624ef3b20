"""`python3 -m dsocr_trace ...` runs the command line (cli.py)."""
import sys

from .cli import main

sys.exit(main())
