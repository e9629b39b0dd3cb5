"""`python -m practice_search` runs the `practices` command."""

from practice_search.cli import main

main()
