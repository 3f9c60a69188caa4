"""The invented articles behind the format fixtures (tests/data/formats/).

Every outlet, person, place and figure here is made up. Paragraph text uses a tiny inline markup
that the page templates turn into HTML and the gold file strips: [words](href) is a link,
*words* is emphasis, **words** is strong. A paragraph that starts with "## " is a section
heading. `inserts` put page furniture *inside* the story body after the given paragraph index
(where real sites put "Read more" boxes, advertisements and newsletter sign-ups).
"""
from __future__ import annotations

from typing import Any

MERIDIAN: dict[str, Any] = {
    "file": "meridian-herald-ostervik-dam.html",
    "site": "The Meridian Herald",
    "domain": "www.meridianherald.example",
    "url_path": "/news/2025/mar/14/ostervik-dam-breach-halden-reservoir",
    "title": "Ostervik dam breach: 12 dead as floodwater sweeps through valley",
    "standfirst": "Regional governor says the Halden reservoir wall gave way before dawn, as "
                  "rescuers warn that the toll is likely to rise",
    "author": "Ilse Marten",
    "author_role": "Northern correspondent",
    "author_bio": "Ilse Marten is the Meridian Herald’s northern correspondent. She has covered "
                  "climate and infrastructure since 2016.",
    "published": "2025-03-14T09:40:00+01:00",
    "modified": "2025-03-14T18:05:00+01:00",
    "date_shown": "Fri 14 Mar 2025 09.40 CET",
    "section": "Europe",
    "caption": "Rescue workers search a flooded street in the lower town of Ostervik on Friday "
               "morning.",
    "credit": "Karin Dahl/The Meridian Herald",
    "paragraphs": [
        "At least 12 people were killed when part of the Halden reservoir wall gave way above the "
        "town of Ostervik before dawn on Friday, sending a surge of water through the lower "
        "valley, the regional governor said.",
        "Governor Anneli Brask told reporters at a crisis centre in Ostervik that 12 bodies had "
        "been recovered by midday and that 40 people were still missing. “We are searching "
        "every house along the river,” she said.",
        "The regional rescue service gave a higher figure. Its spokesman, Jonas Feld, said 17 "
        "people had died, including two firefighters who were swept away while evacuating a "
        "care home on Mill Street.",
        "The governor’s office said the rescue service had counted victims who had not yet been "
        "identified, and that it would publish a single figure on Saturday.",
        "## Warnings ignored?",
        "Residents of the lower valley said sirens sounded only after the water had reached the "
        "first houses. Maria Holm, 54, said she woke to the sound of cars being carried down "
        "the street.",
        "Engineers from the [national dam authority](/topics/dam-authority) had inspected the "
        "1960s structure in November and reported “moderate cracking” in its northern section, "
        "according to an inspection summary seen by *The Meridian Herald*.",
        "The authority’s director, Peder Lund, denied that the report had called for the "
        "reservoir to be lowered. “Nothing in our November inspection suggested an imminent "
        "risk,” he said in a statement.",
        "Heavy rain had fallen on the Halden catchment for nine consecutive days, and the "
        "national weather service said 210mm had been recorded at the reservoir since 1 March, "
        "more than three times the monthly average.",
        "## Thousands evacuated",
        "About 3,500 people were moved to schools and sports halls in neighbouring Kask and "
        "Vinterby, the governor said. The army sent 200 soldiers and four helicopters to help.",
        "Prime Minister Elsa Varga, who is due to visit Ostervik on Saturday, promised an "
        "independent inquiry into the collapse. “Families deserve to know whether this could "
        "have been prevented,” she wrote on social media.",
        "The railway line between Ostervik and Kask remained **closed** on Friday evening, and "
        "power had been cut to about 6,000 homes, the grid operator said.",
    ],
    "inserts": {
        1: "social",
        3: "read_more",
        5: "figure",
        7: "ad",
        10: "newsletter",
    },
    "social": ("Our crews are still searching houses along Mill Street. Please keep away from "
               "the river banks. #Ostervik", "Regional Rescue Service (@RescueRegion)",
               "March 14, 2025"),
    "figure": ("Evacuees spent the night at a sports hall in Vinterby.",
               "Karin Dahl/The Meridian Herald"),
    "read_more": ("Heavy rain closes roads across the north", "/news/2025/mar/12/heavy-rain-roads"),
    "related": [
        ("Heavy rain closes roads across the north",
         "Forecasters expect another 60mm of rain in the mountains before Sunday."),
        ("Who inspects the country’s 300 large dams?",
         "Our explainer looks at how the national dam authority checks ageing structures."),
        ("Ostervik in pictures: a town under water",
         "Photographs from the first day of the flood in the Halden valley."),
    ],
    "most_read": [
        "Central bank holds rates as inflation cools",
        "Ostervik dam breach: 12 dead as floodwater sweeps through valley",
        "The quiet comeback of the night train",
        "Ski resorts face shortest season on record",
        "Why your energy bill is about to change",
    ],
    "comments": [
        ("fjordwatcher", "14 Mar 2025 11:02",
         "This is what happens when maintenance budgets are cut year after year."),
        ("K_Lindqvist", "14 Mar 2025 11:17",
         "My cousin lives on Mill Street and we still have not heard from her. Thinking of "
         "everyone in Ostervik today."),
        ("northern_light", "14 Mar 2025 12:40",
         "The dam authority said the same thing about Kask in 2022. Somebody has to resign."),
        ("Rolf P.", "14 Mar 2025 13:05",
         "Please donate to the Red Cross appeal rather than arguing in the comments."),
    ],
}

COASTLINE: dict[str, Any] = {
    "file": "coastline-daily-ostervik-toll-video.html",
    "site": "Coastline Daily",
    "domain": "coastlinedaily.example",
    "url_path": "/world/europe/ostervik-flood-toll-rises-divers-search-homes-a81234",
    "title": "Ostervik flood toll rises to 19 as divers search submerged homes",
    "standfirst": "Governor disputes the rescue service’s count as the dam authority "
                  "contradicts its own director",
    "author": "Tomas Reyes",
    "author_role": "Europe reporter",
    "author_bio": "Tomas Reyes reports on northern Europe for Coastline Daily from Kask. He was "
                  "previously a correspondent in Lisbon.",
    "published": "2025-03-15T16:20:00Z",
    "modified": "2025-03-15T19:45:00Z",
    "date_shown": "15 March 2025",
    "section": "World",
    "video_caption": "Drone footage shows the breached Halden reservoir wall and the flooded "
                     "lower valley of Ostervik.",
    "video_credit": "Coastline Daily / Reuters",
    "paragraphs": [
        "The number of people killed in the Ostervik dam collapse rose to 19 on Saturday after "
        "police divers recovered seven bodies from houses in the submerged lower valley, the "
        "regional rescue service said.",
        "Governor Anneli Brask put the toll at 15 and said the rescue service’s figure included "
        "people who were still formally listed as missing.",
        "“Our count is of people we have found and identified,” she told a news conference in "
        "Kask. “I understand that families want a number, but it has to be the right number.”",
        "The national dam authority, which inspected the Halden wall in November, said on "
        "Saturday that it had recommended lowering the reservoir by two metres before the "
        "spring melt.",
        "That contradicts a statement issued on Friday by the authority’s director, Peder Lund, "
        "who said the inspection had not suggested any imminent risk. The authority did not "
        "explain the discrepancy.",
        "## Long wait for return",
        "Water levels in the lower valley fell by about a metre overnight, but the governor said "
        "residents would not be allowed back into their homes for at least a week. Engineers "
        "are checking 140 buildings for structural damage.",
        "At a sports hall in Vinterby, where about 800 evacuees spent a second night, volunteers "
        "handed out blankets and hot meals. Lars Eng, a retired teacher whose house stands two "
        "streets from the river, said he had lost everything on the ground floor.",
        "“The water came up to the light switches,” he said. “We had eleven minutes between the "
        "siren and the water.”",
        "Prime Minister Elsa Varga visited the crisis centre on Saturday afternoon and announced "
        "emergency payments of 2,000 crowns for every displaced household.",
        "The opposition [Green Alliance](/topics/green-alliance) called for the head of the dam "
        "authority to resign. Its leader, Sofia Brandt, said the government had cut the "
        "authority’s inspection budget by a quarter since 2021.",
        "The finance ministry said the budget figures cited by the Green Alliance were wrong and "
        "that inspection spending had risen in real terms.",
    ],
    "inserts": {
        2: "video",
        4: "related_inline",
        6: "read_next",
        8: "ad",
    },
    "related_inline": ("Ostervik dam: what we know so far", "/world/europe/ostervik-explainer"),
    "related": [
        ("Ostervik dam: what we know so far",
         "A breach in the Halden reservoir wall flooded the lower valley before dawn on Friday."),
        ("Europe’s ageing dams need billions in repairs, report warns",
         "Engineers say one in five large dams on the continent was built before 1970."),
        ("Storm warnings issued for the west coast",
         "Gusts of up to 120km/h are expected on Sunday night."),
    ],
    "most_read": [
        "Ostervik flood toll rises to 19 as divers search submerged homes",
        "Lisbon tram fares to double from June",
        "Ten of the best coastal walks this spring",
        "Government unveils plan to cut waiting lists",
        "Football: late penalty sends Kask into the cup final",
    ],
    "comments": [
        ("Maren_H", "2h ago",
         "Eleven minutes of warning is a scandal. The siren system was installed in the 1980s."),
        ("tidewater", "3h ago",
         "Sending love to Vinterby from Kask. The sports hall volunteers are heroes."),
        ("J. Okonkwo", "3h ago",
         "Two different death tolls from two official bodies. Who is in charge here?"),
    ],
}

NORTHGATE: dict[str, Any] = {
    "file": "northgate-courier-tram-vote.html",
    "site": "Northgate Courier",
    "domain": "www.northgatecourier.example",
    "url_path": "/news/local/2025/04/02/northgate-council-approves-tram-extension",
    "title": "Northgate council approves tram extension after late-night vote",
    "standfirst": "Line to Eastfield passes by 31 votes to 24 as opponents question the cost",
    "author": "Rana Okafor",
    "author_role": "Local democracy reporter",
    "author_bio": "Rana Okafor covers Northgate city council and regional politics. Got a story? "
                  "Email rana.okafor@northgatecourier.example.",
    "published": "2025-04-02T07:30:00+02:00",
    "modified": "2025-04-02T07:30:00+02:00",
    "date_shown": "Wednesday 2 April 2025, 7:30 am",
    "section": "Local news",
    "caption": "A tram on Northgate’s line 2 at the central station.",
    "credit": "Northgate Courier",
    "paragraphs": [
        "Northgate city council approved a 1.2 billion crown extension of the tram network to "
        "the eastern suburbs late on Tuesday, after a debate that lasted more than seven hours.",
        "The plan passed by 31 votes to 24. Mayor Hilde Sorensen said construction of the 9km "
        "line to Eastfield would begin next spring and that the first trams would run in 2035.",
        "“This is the biggest investment in public transport this city has made in half a "
        "century,” Sorensen told councillors before the vote.",
        "Opponents said the cost estimate was out of date. Councillor Erik Voss of the "
        "Taxpayers’ List said an independent review had put the likely cost at 1.6 billion "
        "crowns, a figure the mayor’s office disputed.",
        "The city’s transport department said the review had included a tunnel under the "
        "railway yards that was dropped from the plan in January.",
        "## Shops fear disruption",
        "Traders on Eastfield Road, where the line will run for almost 2km, said they had not "
        "been told how long the street would be closed. The local business association said "
        "60 shops could lose customers during construction.",
        "The council promised compensation for businesses that could show a fall in turnover "
        "of more than 30 percent, but did not say how much money had been set aside.",
        "The national government has agreed to pay 40 percent of the cost. The transport "
        "ministry confirmed on Wednesday that the money was included in next year’s budget.",
        "Passenger numbers on Northgate’s two existing tram lines rose by 11 percent last year, "
        "according to the operator, [Northgate Transit](https://www.northgatetransit.example/).",
    ],
    "inserts": {
        1: "ad",
        2: "pullquote",
        4: "read_more",
        7: "newsletter",
    },
    "pullquote": "“The biggest investment in public transport this city has made in half a "
                 "century”",
    "read_more": ("Eastfield residents split over tram route", "/news/local/2025/03/eastfield-tram"),
    "related": [
        ("Eastfield residents split over tram route",
         "A survey of 1,200 households found a narrow majority in favour of the line."),
        ("Bus fares frozen for another year",
         "The council says the freeze will cost 14 million crowns."),
        ("Northgate’s new library opens its doors",
         "The glass building on Harbour Square took four years to build."),
    ],
    "most_read": [
        "Northgate council approves tram extension after late-night vote",
        "Police appeal after break-ins at allotments",
        "Northgate FC sign Danish striker on loan",
        "Roadworks to close Harbour Square for a month",
        "Restaurant review: the best noodles north of the river",
    ],
    "comments": [
        ("Eastfield Ed", "2 April 2025 at 8:14 am",
         "About time. I have waited for this tram since my kids were in school."),
        ("PennyWise", "2 April 2025 at 9:02 am",
         "1.6 billion for a tram nobody asked for. Fix the potholes first."),
    ],
}

HARBOUR: dict[str, Any] = {
    "file": "harbour-gazette-ferry-strike.html",
    "site": "The Harbour Gazette",
    "domain": "harbourgazette.example",
    "url_path": "/2025/04/18/ferry-crews-strike-easter/",
    "title": "Ferry crews strike over staffing as Easter traffic peaks",
    "standfirst": "",
    "author": "Mikkel Aas",
    "author_role": "",
    "author_bio": "Mikkel Aas is the Gazette’s transport and shipping reporter. He has sailed "
                  "on every ferry route in the north at least once.",
    "published": "2025-04-18T07:15:00+02:00",
    "modified": "2025-04-18T12:40:00+02:00",
    "date_shown": "April 18, 2025 at 7:15 am",
    "section": "Transport",
    "caption": "Cars queue at the Lindholm ferry terminal on Friday morning.",
    "credit": "Photo: Harbour Gazette",
    "paragraphs": [
        "Crews on the state ferry company’s four northern routes walked out at 6am on Friday, "
        "stranding thousands of holiday passengers at the start of the Easter weekend.",
        "The seafarers’ union said 420 of its members had joined the 48-hour strike over what "
        "it called dangerous staffing levels on the car ferries between Lindholm and the "
        "islands.",
        "The ferry company, Nordlinjen, said only 260 crew members had stopped work and that "
        "two of its eleven ships were still sailing with management staff on board.",
        "Union chairman Oskar Brekke said crews had been asked to work 14-hour shifts since "
        "January. “Our members are exhausted, and exhausted crews make mistakes,” he said.",
        "Nordlinjen’s chief executive, Karin Solheim, said shifts had never exceeded the legal "
        "limit of 12 hours and accused the union of “holding island families hostage”.",
        "## Queues at Lindholm",
        "By midday the queue of cars waiting at the Lindholm terminal stretched for 3km. Police "
        "asked drivers without a booking not to travel to the port.",
        "Islanders said the strike had cut them off from the hospital on the mainland. The "
        "health authority said an air ambulance would remain on standby throughout the weekend.",
        "Talks between the two sides broke down on Wednesday night after the company rejected "
        "a demand for 60 extra crew. The state mediator said she would call both sides back to "
        "the table on Saturday.",
        "The transport minister, Anders Moe, said the government would not intervene in the "
        "dispute for now.",
    ],
    "inserts": {
        2: "ad",
        6: "read_more",
    },
    "read_more": ("Nordlinjen orders two electric ferries", "/2025/02/03/nordlinjen-electric/"),
    "related": [
        ("Nordlinjen orders two electric ferries",
         "The ships will replace the oldest vessels on the Lindholm route from 2033."),
        ("Island hospital to lose its maternity ward",
         "The health authority says births will move to the mainland from the autumn."),
        ("Easter weekend: what is open and what is closed",
         "Shops, pharmacies and museums across the region."),
    ],
    "most_read": [
        "Ferry crews strike over staffing as Easter traffic peaks",
        "Lindholm fish market to reopen after fire",
        "Harbour pool closed for repairs until June",
        "Letters: the new bridge is a waste of money",
        "Weather: sunshine at last for the holiday weekend",
    ],
    "comments": [
        ("Sigrid", "April 18, 2025 at 8:03 am",
         "Stuck at Lindholm with two kids and a dog. Nobody from the company is here to help."),
        ("Old Skipper", "April 18, 2025 at 9:41 am",
         "Fourteen-hour shifts on a car ferry in winter weather is madness. I support the crews."),
        ("Tor B.", "April 18, 2025 at 10:15 am",
         "The union picked Easter on purpose. Shameful."),
    ],
}

PAGES = [MERIDIAN, COASTLINE, NORTHGATE, HARBOUR]

# A situation report laid out in two columns (the PDF fixture). "~" marks a soft hyphen
# (&shy;): Chromium breaks a word there and prints a hyphen, as justified reports do.
REPORT: dict[str, Any] = {
    "file": "ostervik-situation-report.pdf",
    "title": "Halden Reservoir Breach: Situation Report No. 3",
    "issuer": "Ostervik Regional Crisis Staff",
    "date_line": "Issued 16 March 2025, 18:00",
    "author": "Regional Crisis Staff, Office of the Governor",
    "sections": [
        ("Summary", [
            "This report covers the period from 06:00 on 14 March to 18:00 on 16 March. The "
            "breach of the Halden reservoir wall on 14 March flooded the lower valley of "
            "Ostervik and parts of the municipality of Kask. Water levels have fallen by 1.3 "
            "metres since the peak, but the lower town remains inacces~sible to vehicles.",
            "The Crisis Staff confirms 16 deaths. Twenty-one people are still reported missing. "
            "The rescue service has recorded 19 deaths; the difference concerns three people "
            "whose identity has not yet been established by the police.",
        ]),
        ("Search and rescue", [
            "Police divers and fire brigade teams searched 412 buildings in the lower valley "
            "between 14 and 16 March. Search operations will continue around the clock until "
            "every building on the flood plain has been cleared. Teams from four neighbouring "
            "regions and the national civil protection agency are support~ing the local "
            "services.",
            "Two firefighters died on 14 March while evacuating residents of the care home on "
            "Mill Street. All 38 residents of the care home were brought to safety and are now "
            "accommo~dated at the hospital in Kask.",
            "Helicopter crews lifted 64 people from roofs and upper floors during the first 24 "
            "hours. No further airlifts have been necessary since the morning of 15 March.",
        ]),
        ("Evacuation and shelter", [
            "A total of 3,640 residents have been evacuated. Of these, 1,120 are staying in "
            "emergency shelters at schools and sports halls in Kask and Vinterby; the others "
            "are staying with relatives or in hotels paid for by the municipality.",
            "The shelters have enough beds, blankets and food for at least ten days. Volunteers "
            "from the Red Cross and local sports clubs are working in shifts. Residents are "
            "asked not to bring further donations of clothing, as storage space is now full.",
            "Residents will not be allowed to return to the evacu~ation zone before 21 March "
            "at the earliest. Structural engineers must first inspect each building for damage "
            "to foundations and load-bearing walls.",
        ]),
        ("Infrastructure", [
            "The railway line between Ostervik and Kask remains closed. The rail operator "
            "estimates that repairs to the embankment near the old mill will take at least "
            "three weeks. Replacement buses run every thirty minutes.",
            "Electricity has been restored to 4,100 of the 6,000 homes that lost power. The "
            "remaining homes are in the flooded area and will be reconnected only after "
            "inspection. Drinking water is safe to use in all parts of the municipality except "
            "the lower town, where residents must boil water until further notice.",
            "The county road 412 bridge at Holm has been closed as a precaution after "
            "engineers found scour damage to one of its piers. Traffic is diverted through "
            "Vinterby, adding about twenty minutes to journeys.",
        ]),
        ("Dam safety", [
            "The national dam authority has lowered the water level in the remaining part of "
            "the reservoir by 2.4 metres using the emergency spillway. The authority reports "
            "that the northern section of the wall is stable and under continuous monitoring "
            "with laser sensors.",
            "The November inspection report on the Halden wall has been handed to the police "
            "and to the independent inquiry announced by the Prime Minister. The Crisis Staff "
            "will not comment on its contents while the inquiry is under way.",
            "Owners of the eleven smaller dams upstream of Ostervik have been ordered to carry "
            "out visual inspections and report any cracking or seepage within 48 hours. Nine "
            "reports have been received so far, and none has identified a risk of failure.",
        ]),
        ("Weather and water levels", [
            "The national weather service forecasts dry weather until 19 March, followed by "
            "moderate rain. Rainfall of up to 25mm is expected in the Halden catchment on 20 "
            "March. The dam authority considers that the remaining reservoir can absorb this "
            "amount without further releases.",
            "The river at Ostervik bridge measured 3.1 metres above its normal level at 18:00 "
            "on 16 March, down from 4.4 metres at the peak on the morning of 14 March. The "
            "water is expected to return within its banks by 19 March.",
            "Sandbag barriers built by volunteers along Quay Street in Kask held during the "
            "peak. They will stay in place until the weather service lifts its flood warning "
            "for the lower Halden valley.",
        ]),
        ("Public health", [
            "The municipal doctor advises residents who come into contact with flood water to "
            "wash their hands thoroughly and to clean any cuts at once. Flood water may contain "
            "sewage, fuel and chemicals from flooded garages and workshops.",
            "The hospital in Kask treated 57 people for injuries and hypothermia between 14 and "
            "16 March. Nine patients remain in hospital; two are in intensive care. Crisis "
            "counsellors are available at both shelters every day from 08:00 to 22:00.",
            "Residents who depend on home care or daily medication and who have been evacuated "
            "should contact the municipal helpline, which will arrange deliveries to their "
            "temporary address.",
        ]),
        ("Next steps", [
            "The Crisis Staff will hold a public meeting for evacuated residents at Kask "
            "sports hall on 17 March at 19:00. Representatives of the police, the rescue "
            "service, the dam authority and the insurers' association will answer questions.",
            "Emergency payments of 2,000 crowns per household will be made from 18 March. "
            "Households that have registered at a shelter or with the municipal helpline do "
            "not need to apply separately.",
            "The next situation report will be issued on 18 March at 18:00, or earlier if the "
            "situation changes significantly.",
        ]),
    ],
    "running_header": "Ostervik Regional Crisis Staff · Situation Report No. 3 · 16 March 2025",
}

# The Word fixture: a municipal press statement with a page break, a list and headings.
STATEMENT: dict[str, Any] = {
    "file": "ostervik-municipality-statement.docx",
    "title": "Statement on the reopening of schools after the Halden flood",
    "company": "Ostervik Municipality",
    "author": "Ostervik Municipality Press Office",
    "created": "2025-03-18T10:00:00",
    "date_line": "18 March 2025",
    "blocks": [
        ("p", "Ostervik Municipality will reopen four of its six schools on Monday 24 March, "
              "the head of education, Liv Nygaard, said on Tuesday."),
        ("p", "The schools in the lower town, Riverside School and Mill Street School, will "
              "stay closed until at least the summer holidays. Their 430 pupils will be taught "
              "in temporary classrooms at Kask Upper Secondary School from 31 March."),
        ("p", "“Our priority is to give children a normal school day again as soon as it is "
              "safe,” Nygaard said. “Many of them have lost their homes, and school can be a "
              "place of stability.”"),
        ("h1", "Transport to school"),
        ("p", "Free buses will run from the shelters in Kask and Vinterby to every open "
              "school. Timetables will be published on the municipality's website on Friday."),
        ("li", "Buses leave the Vinterby sports hall at 07:15 and 07:45."),
        ("li", "Buses leave Kask station at 07:30 and 08:00."),
        ("li", "Pupils with special needs will be collected from their temporary address."),
        ("pagebreak", ""),
        ("h1", "Support for families"),
        ("p", "The municipality has hired six additional school psychologists for the rest of "
              "the school year. Parents can also call the family helpline, which is open every "
              "day from 08:00 to 20:00."),
        ("p", "Families who lost school books, computers or sports kit in the flood can apply "
              "for a grant of up to 3,000 crowns per child. The municipality said 215 "
              "applications had already been received."),
        ("p", "The education committee will review the situation on 7 April and decide "
              "whether Riverside School can be repaired or must be rebuilt."),
    ],
}
