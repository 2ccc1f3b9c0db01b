# The exit status when set -e stops the script
set -e
(exit 3)
echo never
