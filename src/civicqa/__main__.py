from civicqa.cli import main

main()
