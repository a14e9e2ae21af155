"""python -m app.migrations {upgrade [TARGET] | downgrade TARGET | current}"""

import argparse
import os

from app.db import make_engine
from app.migrations import HEAD, current_revision, downgrade, upgrade


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app.migrations")
    parser.add_argument(
        "--database-url", default=os.environ.get("INVENTORY_DATABASE_URL", "sqlite:///./inventory.db")
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("upgrade")
    up.add_argument("target", nargs="?", default=HEAD)
    down = commands.add_parser("downgrade")
    down.add_argument("target")
    commands.add_parser("current")
    args = parser.parse_args()

    engine = make_engine(args.database_url)
    if args.command == "upgrade":
        print("applied:", ", ".join(upgrade(engine, args.target)) or "nothing")
    elif args.command == "downgrade":
        print("reverted:", ", ".join(downgrade(engine, args.target)) or "nothing")
    print("current:", current_revision(engine) or "base")


if __name__ == "__main__":
    main()
