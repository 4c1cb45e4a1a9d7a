from deliverability.cli import run

run()
