"""`python -m policy_drafts`: the command line (host/cli.py)."""

from policy_drafts.host.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
