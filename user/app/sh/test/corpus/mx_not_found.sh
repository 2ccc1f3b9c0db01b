# A missing program says so and gives 127
no_such_program_here arg
echo "status $?"
/no/such/path/prog
echo "status $?"
x=$(no_such_program_either 2>&1); case $x in *not\ found*) echo "message names it";; esac
