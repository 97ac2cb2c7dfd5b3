from ecorules.cli import main

main()
