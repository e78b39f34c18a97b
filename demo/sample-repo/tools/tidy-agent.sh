#!/bin/sh
# A stand-in "agent" for the demo: a plain program run by the command agent.
# It reads the task from $AMBIENT_PROMPT_FILE (stdin and $AMBIENT_PROMPT carry it too)
# and makes the edits a coding agent might make.
set -e
echo "task: $(head -n 1 "$AMBIENT_PROMPT_FILE")"
echo "fixing the typo in README.md"
sed -i 's/Teh greeter/The greeter/' README.md
echo "adding a CHANGELOG entry"
printf '# Changelog\n\n- Fixed a typo in the README.\n- Removed obsolete.txt.\n' > CHANGELOG.md
echo "removing obsolete.txt"
rm obsolete.txt
echo "note: nothing else to tidy" >&2
echo "Done: fixed 1 typo, added CHANGELOG.md, removed 1 obsolete file."
