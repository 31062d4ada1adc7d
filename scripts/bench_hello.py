"""The smallest Flask app: the ceiling every page of the service desk is measured against.

scripts/bench.py serves it with the same gunicorn command as the real app:
    gunicorn --workers 3 --bind 127.0.0.1:PORT bench_hello:app   (run from scripts/)
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
