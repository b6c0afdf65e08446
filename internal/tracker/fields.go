package tracker

// Field selections sent as fields=. Asking for exactly what sprintlens uses
// keeps pages small and fixes the shape of every response; nested
// selections use Tracker's resource(field,...) syntax.
const (
	ProjectFields = "id,kind,name,version,iteration_length,week_start_day,point_scale," +
		"point_scale_is_custom,bugs_and_chores_are_estimatable,automatic_planning,time_zone," +
		"velocity_averaged_over,number_of_done_iterations_to_show,initial_velocity,current_velocity," +
		"current_iteration_number,start_time,created_at,updated_at,account_id,public"
	StoryFields = "id,kind,project_id,name,description,story_type,current_state,estimate," +
		"accepted_at,deadline,created_at,updated_at,requested_by_id,owner_ids,label_ids," +
		"labels(id,name),url"
	IterationFields = "number,kind,project_id,length,team_strength,start,finish," +
		"velocity,points,accepted_points,effective_points,story_ids"
	// IterationWithStoriesFields embeds each iteration's stories, which is how
	// a sync learns which iteration a story sits in.
	IterationWithStoriesFields = IterationFields + ",stories(" + StoryFields + ")"
	LabelFields                = "id,kind,project_id,name,created_at,updated_at"
	EpicFields                 = "id,kind,project_id,name,description,url,label(id,name),created_at,updated_at"
	MembershipFields           = "id,kind,project_id,role,person(id,kind,name,email,initials,username),created_at,updated_at"
	ReleaseFields              = "id,kind,project_id,name,description,current_state,deadline,accepted_at,url," +
		"labels(id,name),created_at,updated_at"
	ActivityFields = "kind,guid,project_version,message,highlight,changes,primary_resources," +
		"project,performed_by,occurred_at"
	TransitionFields = "kind,state,story_id,project_id,project_version,occurred_at,performed_by_id"
	// MeFields leaves out api_token so the token is never echoed back.
	MeFields = "id,kind,name,initials,username,email,time_zone,projects,created_at,updated_at"
)
