from deliverability.cli import main

raise SystemExit(main())
