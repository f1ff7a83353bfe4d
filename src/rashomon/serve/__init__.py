"""`rashomon serve DIR`: a local, read-only web app over a folder of dossier stores.

FastAPI and uvicorn are in the `serve` extra: `pip install 'rashomon[serve]'`.
"""
