package routes_test

import data.routes

test_route_allows_its_method_and_team if {
	routes.allow with input as {"path": "/api/v1/resources/0777", "method": "POST", "teams": ["team-02"]}
}

test_route_denies_another_method if {
	not routes.allow with input as {"path": "/api/v1/resources/0777", "method": "GET", "teams": ["team-02"]}
}

test_unknown_path_denied if {
	not routes.allow with input as {"path": "/api/v1/resources/9999", "method": "GET", "teams": ["team-00"]}
}
