from carecoord.cli import run

run()
