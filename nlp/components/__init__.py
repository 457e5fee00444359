"""spaCy components of the lumbar-nlp pipeline (each module registers its factory on import)."""
