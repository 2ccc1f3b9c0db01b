# Exit statuses of commands
true; echo $?
false; echo $?
no_such_command_xyz 2>/dev/null; echo "not found $?"
./nonexec 2>/dev/null; echo "missing path $?"
touch plain; chmod -x plain; ./plain 2>/dev/null; echo "not executable $?"
sh -c 'exit 200'; echo $?
sh -c 'kill -9 $$'; echo "killed $?"
