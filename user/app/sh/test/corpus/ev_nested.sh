# eval inside eval, and eval with redirections
eval 'eval "echo nested"'
eval 'echo into file' > ev.txt; cat ev.txt
eval 'exit_code=3; (exit $exit_code)'; echo $?
eval "echo 'a;b'"
