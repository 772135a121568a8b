"""``python -m ftlint``."""

from ftlint._entry import main

if __name__ == "__main__":
    main()
