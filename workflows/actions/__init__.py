"""Every state change of a controlled document, one class each, in the manner of
wagtail.actions: `check()` says who may and why not, `execute()` changes state in one
transaction, writes the audit log and notifies on commit. Views, buttons, links,
tasks and commands all ask the same `check()`.

Import each from its module, as Wagtail's own are (workflows.models imports the
restart action, so this package imports nothing at load time)."""
