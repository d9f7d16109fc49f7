/// The fixed vocabulary of the synthetic company: departments, job titles,
/// sites, skills.
enum OrgCatalog {
    struct Department: Sendable {
        let name: String
        /// The HR system's own name for it, when it differs from AD's.
        let hrName: String
        let costCenterBase: Int
        let staffTitles: [String]
        let managerTitle: String
        let directorTitle: String
        let skills: [String]
        /// Relative share of the staff.
        let weight: Int
    }

    /// Index 0 is the executive office (the CEO alone); 1... are the working departments.
    static let departments: [Department] = [
        Department(
            name: "Executive", hrName: "Executive Office", costCenterBase: 1000, staffTitles: ["Executive Assistant"],
            managerTitle: "Chief of Staff", directorTitle: "Chief Executive Officer", skills: ["Strategy", "Leadership"], weight: 0),
        Department(
            name: "Engineering", hrName: "Research & Development", costCenterBase: 2000,
            staffTitles: ["Software Engineer", "Senior Software Engineer", "Site Reliability Engineer", "QA Engineer", "Software Architect"],
            managerTitle: "Engineering Manager", directorTitle: "Director of Engineering",
            skills: ["Swift", "C#", "SQL", "Kubernetes", "Azure", "Python", "TypeScript", "Go"], weight: 30),
        Department(
            name: "Sales", hrName: "Sales", costCenterBase: 3000,
            staffTitles: ["Account Executive", "Sales Representative", "Inside Sales Representative", "Sales Engineer"],
            managerTitle: "Sales Manager", directorTitle: "Director of Sales",
            skills: ["Negotiation", "CRM", "Forecasting", "Presentations"], weight: 16),
        Department(
            name: "Marketing", hrName: "Marketing & Communications", costCenterBase: 3500,
            staffTitles: ["Marketing Specialist", "Content Strategist", "Product Marketing Manager", "Designer"],
            managerTitle: "Marketing Manager", directorTitle: "Director of Marketing",
            skills: ["SEO", "Copywriting", "Analytics", "Brand"], weight: 8),
        Department(
            name: "Finance", hrName: "Finance", costCenterBase: 4000,
            staffTitles: ["Financial Analyst", "Accountant", "Controller", "Payroll Specialist"],
            managerTitle: "Finance Manager", directorTitle: "Chief Financial Officer",
            skills: ["Excel", "IFRS", "Budgeting", "SAP"], weight: 7),
        Department(
            name: "Human Resources", hrName: "People", costCenterBase: 4500,
            staffTitles: ["HR Generalist", "Recruiter", "HR Business Partner", "Benefits Specialist"],
            managerTitle: "HR Manager", directorTitle: "Director of Human Resources",
            skills: ["Recruiting", "Labor Law", "Onboarding", "Workday"], weight: 5),
        Department(
            name: "Legal", hrName: "Legal", costCenterBase: 5000,
            staffTitles: ["Counsel", "Paralegal", "Compliance Officer"],
            managerTitle: "Associate General Counsel", directorTitle: "General Counsel",
            skills: ["Contracts", "GDPR", "Litigation"], weight: 3),
        Department(
            name: "Operations", hrName: "Operations", costCenterBase: 6000,
            staffTitles: ["Operations Analyst", "Logistics Coordinator", "Facilities Coordinator", "Buyer"],
            managerTitle: "Operations Manager", directorTitle: "Director of Operations",
            skills: ["Lean", "Six Sigma", "Logistics", "ERP"], weight: 10),
        Department(
            name: "Customer Support", hrName: "Customer Success", costCenterBase: 7000,
            staffTitles: ["Support Engineer", "Customer Support Specialist", "Technical Account Manager"],
            managerTitle: "Support Manager", directorTitle: "Director of Customer Support",
            skills: ["Zendesk", "Troubleshooting", "Empathy", "ITIL"], weight: 12),
        Department(
            name: "Research", hrName: "Research", costCenterBase: 8000,
            staffTitles: ["Research Scientist", "Data Scientist", "Research Engineer"],
            managerTitle: "Research Manager", directorTitle: "Director of Research",
            skills: ["Statistics", "Machine Learning", "R", "Python"], weight: 4),
        Department(
            name: "IT", hrName: "Information Technology", costCenterBase: 9000,
            staffTitles: ["Systems Administrator", "Network Engineer", "Service Desk Analyst", "Security Analyst"],
            managerTitle: "IT Manager", directorTitle: "Chief Information Officer",
            skills: ["Active Directory", "PowerShell", "Networking", "Intune", "Entra ID"], weight: 5),
    ]

    /// Working departments (all but the executive office).
    static let workingCount = departments.count - 1

    /// Cumulative weights of the working departments, for weighted draws.
    private static let cumulativeWeights: [Int] = {
        var total = 0
        return departments.dropFirst().map { total += $0.weight; return total }
    }()

    /// Draws a working department index (1...workingCount) by weight.
    static func drawDepartment(_ random: inout SeededRandom) -> Int {
        let point = random.below(cumulativeWeights.last!)
        var index = 0
        while cumulativeWeights[index] <= point { index += 1 }
        return index + 1
    }

    struct Site: Sendable {
        let office: String
        let city: String
        let phonePrefix: String
    }

    static let sites: [Site] = [
        Site(office: "Redmond, Building 4", city: "Redmond", phonePrefix: "+1 425 555"),
        Site(office: "Redmond, Building 7", city: "Redmond", phonePrefix: "+1 425 555"),
        Site(office: "New York", city: "New York", phonePrefix: "+1 212 555"),
        Site(office: "London", city: "London", phonePrefix: "+44 20 7946"),
        Site(office: "München", city: "München", phonePrefix: "+49 89 1234"),
        Site(office: "Zürich", city: "Zürich", phonePrefix: "+41 44 668"),
        Site(office: "Singapore", city: "Singapore", phonePrefix: "+65 6123"),
        Site(office: "Remote", city: "Remote", phonePrefix: "+1 800 555"),
    ]

    /// Titles HR keeps more precisely than AD (AD "Accountant", HR "Accountant II").
    static let precisionSuffixes = [" I", " II", " III", " (Level 62)", ", Team Lead"]

    static let contractorAgencies = ["Fabrikam Staffing", "Northwind Consulting", "Tailspin Contractors"]
}
