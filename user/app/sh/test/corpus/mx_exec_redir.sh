# exec with only redirections changes the shell's own descriptors
exec 3> saved
echo "to three" >&3
exec > out
echo "into out"
exec 1>&3
echo "back to three"
exec 3>&-
cat out saved
