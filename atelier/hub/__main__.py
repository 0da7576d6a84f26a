import sys

from atelier.hub.cli import main

sys.exit(main())
