// One cluster and one MariaDB serve every corpus file; files run one after another.
[assembly: Microsoft.VisualStudio.TestTools.UnitTesting.DoNotParallelize]
