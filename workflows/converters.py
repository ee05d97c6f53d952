class RecordNumberConverter:
    """Matches what a record number can look like (REC-0001), so anything else is
    a 404 before it reaches the database."""

    regex = r"[Rr][Ee][Cc]-[0-9]{4,9}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value
