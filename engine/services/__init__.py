"""The public services behind the ``Engine`` facade.

repository, runtime, tasks, history, worker, directory, documents.
"""
