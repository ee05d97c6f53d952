"""Admin views of workflows: action forms, the sign-off page, reports, comparisons.
Front-end record views are workflows.history, register, compliance and audit."""
