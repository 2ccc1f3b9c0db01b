# umask: octal and symbolic, and its effect on new files
umask 022
umask
umask -S
umask 077
: > private
ls -l private | cut -c1-10
umask u=rwx,g=rx,o=rx
umask
umask g-x,o-rx
umask -S
umask 999
echo "bad mask $?"
