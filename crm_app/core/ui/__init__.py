"""The UI kit every page uses: fields, selects, pickers, pager, dialogs, toasts."""
