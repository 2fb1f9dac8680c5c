"""``python -m streams`` runs the figwatch command line."""

from streams.cli import main

main()
