class DocumentNumberConverter:
    """Matches what a document number can look like (POL-001), so anything else is a
    404 before it reaches the database."""

    regex = r"[A-Za-z]{1,8}-[0-9]{1,6}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value
