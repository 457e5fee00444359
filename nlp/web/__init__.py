"""The draft-annotation page and HTTP API (``lumbar-nlp serve``); see :func:`nlp.web.app.create_app`."""
