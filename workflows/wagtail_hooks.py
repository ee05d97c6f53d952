from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_issue_log_actions(actions):
    @actions.register_action("itsms.issue")
    class IssueApproved(LogFormatter):
        label = "Issue approved"

        def format_message(self, log_entry):
            data = log_entry.data
            return (
                f"Issued version {data['label']} ({data['significance']}), effective "
                f"{data['effective_from']}: {data['change_summary']}"
            )
