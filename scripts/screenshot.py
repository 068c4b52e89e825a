"""Take the README's screenshot of the practice page with headless Chromium (Debian's).

Starts the app on a free loopback port, types an answer, waits for the explanation and
saves a PNG. Needs the ``web`` extra, selenium, and ``apt-get install chromium chromium-driver``.

Usage::

    python scripts/screenshot.py                 # writes docs/practice-page.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

ANSWER = ("Honestly the pay is better than my current job and the commute is short. I also want to "
          "learn how the whole warehouse runs so I can move into planning.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "practice-page.png")
    args = parser.parse_args(argv)

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from web_server import chromium, running

    from jobcareer.web import create_app

    with running(create_app()) as url, chromium(width=1000, height=1640) as driver:
        driver.get(url + "/")
        driver.find_element(By.ID, "answer").send_keys(ANSWER)
        WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "highlighted").text == ANSWER)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.output))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
